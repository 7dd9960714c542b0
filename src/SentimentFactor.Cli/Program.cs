Console.WriteLine("sf");
